# MariaDB steps stopped part-way: for every MySQL case, each step's down after every prefix of
# its up statements restores the database as it was before the step, on a throwaway MariaDB.
add_executable(mysql_statement_prefix_tests mysql/mysql_statement_prefix_test.cpp
               mysql/mysql_server.cpp)
target_include_directories(mysql_statement_prefix_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(mysql_statement_prefix_tests
                           PRIVATE STEPWISE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(mysql_statement_prefix_tests PRIVATE acceptance_support migration_test_support stepwise_mysql
                      stepwise_frontend stepwise_runtime GTest::gtest)
add_test(NAME mysql_statement_prefix_tests COMMAND mysql_statement_prefix_tests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
