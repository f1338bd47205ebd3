# A throwaway server that dies under a test prints its log tail before its directory goes, and
# the reaper signals nothing but a dead owner's server (real PostgreSQL 15 and MariaDB).
find_package(Threads REQUIRED)
add_executable(server_evidence_tests servers/server_evidence_test.cpp mysql/mysql_server.cpp)
target_include_directories(server_evidence_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(server_evidence_tests PRIVATE pg_test_support GTest::gtest_main
                      Threads::Threads)
add_test(NAME server_evidence_tests COMMAND server_evidence_tests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
