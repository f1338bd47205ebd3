# The batched backfill counts exactly the rows it walks, on each dialect (issue #5 item 1).
stepwise_test(backfill_tests backfill/backfill_sqlite_test.cpp backfill/backfill_render_test.cpp)
target_include_directories(backfill_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(backfill_tests PRIVATE stepwise_runtime stepwise_sqlite stepwise_frontend
                      migration_test_support)

add_executable(backfill_pg_tests postgres/pg_test_main.cpp backfill/backfill_pg_test.cpp)
target_include_directories(backfill_pg_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(backfill_pg_tests PRIVATE pg_test_support migration_test_support stepwise_postgres stepwise_frontend
                      stepwise_runtime GTest::gtest)
add_test(NAME backfill_pg_tests COMMAND backfill_pg_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})

add_executable(backfill_mysql_tests mysql/mysql_test_main.cpp mysql/mysql_server.cpp
               backfill/backfill_mysql_test.cpp)
target_include_directories(backfill_mysql_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(backfill_mysql_tests PRIVATE migration_test_support stepwise_mysql stepwise_frontend
                      stepwise_runtime GTest::gtest)
add_test(NAME backfill_mysql_tests COMMAND backfill_mysql_tests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
