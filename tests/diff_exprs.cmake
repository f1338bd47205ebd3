# How the differ maps renamed names into expression text and compares expressions, per
# dialect: with each dialect's driver alone, and on a throwaway MariaDB server.
stepwise_test(diff_names_tests unit/diff_names_test.cpp)
target_link_libraries(diff_names_tests PRIVATE stepwise_diff stepwise_mysql stepwise_postgres
                      stepwise_sqlite)

# The same against a throwaway MariaDB server (tests/mysql/mysql_server.h).
add_executable(diff_exprs_mysql_tests mysql/mysql_test_main.cpp mysql/mysql_server.cpp
               mysql/mysql_diff_exprs_test.cpp)
target_include_directories(diff_exprs_mysql_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(diff_exprs_mysql_tests PRIVATE stepwise_mysql stepwise_diff GTest::gtest)
add_test(NAME diff_exprs_mysql_tests COMMAND diff_exprs_mysql_tests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
