# PostgreSQL expand/contract (issue #9): dual-write swaps, table renames, tombstones, against a
# throwaway PostgreSQL 15 server the binary starts and stops.
find_package(Threads REQUIRED)
add_executable(pg_expand_tests postgres/pg_test_main.cpp postgres/pg_migration.cpp
                               postgres/pg_dual_write_test.cpp)
target_include_directories(pg_expand_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(pg_expand_tests PRIVATE pg_test_support migration_test_support
                      stepwise_postgres stepwise_frontend stepwise_runtime GTest::gtest
                      Threads::Threads)
add_test(NAME pg_expand_tests COMMAND pg_expand_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
