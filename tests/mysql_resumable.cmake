# MariaDB steps that may run twice (issue #5 item 3): every statement of every MySQL case run
# twice up and down, and the two bugs the kill loop found, on a throwaway MariaDB. Also prefix
# indexes on quoted column names.
add_executable(mysql_resumable_tests mysql/mysql_resumable_test.cpp mysql/mysql_prefix_index_test.cpp
               mysql/mysql_server.cpp)
target_include_directories(mysql_resumable_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(mysql_resumable_tests PRIVATE STEPWISE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(mysql_resumable_tests PRIVATE acceptance_support stepwise_mysql
                      stepwise_frontend stepwise_runtime GTest::gtest)
add_test(NAME mysql_resumable_tests COMMAND mysql_resumable_tests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
