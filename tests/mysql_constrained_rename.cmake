# MariaDB expand/contract of renamed columns that indexes and unique keys name, and purge of
# tombstone columns (issue #9), against a throwaway MariaDB.
find_package(Threads REQUIRED)
add_executable(mysql_constrained_rename_tests mysql/mysql_test_main.cpp mysql/mysql_server.cpp
               mysql/mysql_constrained_rename_test.cpp)
target_include_directories(mysql_constrained_rename_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(mysql_constrained_rename_tests PRIVATE migration_test_support stepwise_mysql
                      stepwise_frontend stepwise_runtime GTest::gtest Threads::Threads)
add_test(NAME mysql_constrained_rename_tests COMMAND mysql_constrained_rename_tests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
