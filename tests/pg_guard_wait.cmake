# PostgreSQL: the index-build guard's wait for another session's build, as the user sees it,
# against a throwaway PostgreSQL 15 server the binary starts and stops.
find_package(Threads REQUIRED)
add_executable(pg_guard_wait_tests postgres/pg_test_main.cpp postgres/pg_guard_wait_test.cpp)
target_include_directories(pg_guard_wait_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(pg_guard_wait_tests PRIVATE pg_test_support migration_test_support
                      stepwise_postgres stepwise_frontend stepwise_runtime GTest::gtest
                      nlohmann_json::nlohmann_json Threads::Threads)
add_test(NAME pg_guard_wait_tests COMMAND pg_guard_wait_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
