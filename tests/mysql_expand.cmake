# MySQL / MariaDB expand/contract: old and new writers side by side on a throwaway MariaDB,
# and rollback from every point of the sequence (issue #9).
add_executable(mysql_dual_write_tests mysql/mysql_test_main.cpp mysql/mysql_server.cpp
               mysql/mysql_dual_write_test.cpp)
target_include_directories(mysql_dual_write_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(mysql_dual_write_tests PRIVATE migration_test_support stepwise_mysql
                      stepwise_frontend stepwise_runtime GTest::gtest)
add_test(NAME mysql_dual_write_tests COMMAND mysql_dual_write_tests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
