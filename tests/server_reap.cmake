# Throwaway servers of killed test binaries are reaped at the next fixture start (the owner pid
# recorded in each server's temp directory), on a real PostgreSQL 15 and a real MariaDB.
find_package(Threads REQUIRED)
add_executable(server_reap_tests servers/server_reap_test.cpp mysql/mysql_server.cpp)
target_include_directories(server_reap_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(server_reap_tests PRIVATE pg_test_support GTest::gtest Threads::Threads)
add_test(NAME server_reap_tests COMMAND server_reap_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
