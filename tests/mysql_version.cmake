# The server version a MySQL-family plan is compiled for (no server needed).
add_executable(mysql_version_tests mysql/mysql_version_test.cpp)
target_include_directories(mysql_version_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(mysql_version_tests PRIVATE stepwise_mysql stepwise_frontend GTest::gtest_main)
add_test(NAME mysql_version_tests COMMAND mysql_version_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
