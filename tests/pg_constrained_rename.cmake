# PostgreSQL expand/contract of renamed columns that indexes, keys, checks and foreign keys name,
# and purge of tombstone columns (issue #9), against a throwaway PostgreSQL 15 server.
find_package(Threads REQUIRED)
add_executable(pg_constrained_rename_tests postgres/pg_test_main.cpp
                                           postgres/pg_migration.cpp
                                           postgres/pg_constrained_rename_test.cpp)
target_include_directories(pg_constrained_rename_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(pg_constrained_rename_tests PRIVATE pg_test_support migration_test_support
                      stepwise_postgres stepwise_frontend stepwise_runtime GTest::gtest
                      Threads::Threads)
add_test(NAME pg_constrained_rename_tests COMMAND pg_constrained_rename_tests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
