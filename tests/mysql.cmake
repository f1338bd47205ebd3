# MySQL / MariaDB: acceptance cases against a throwaway MariaDB server the binary starts.
add_executable(mysql_acceptance mysql/mysql_cases_test.cpp mysql/mysql_server.cpp)
target_include_directories(mysql_acceptance PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(mysql_acceptance PRIVATE STEPWISE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(mysql_acceptance PRIVATE acceptance_support stepwise_frontend
                      stepwise_mysql GTest::gtest nlohmann_json::nlohmann_json)
add_dependencies(mysql_acceptance stepwise)
# One server for the whole binary: run it as one test rather than one process per case.
add_test(NAME mysql_acceptance COMMAND mysql_acceptance WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})

# Unit tests of the connection, introspection and diff driver, on the same kind of server.
add_executable(mysql_tests mysql/mysql_test_main.cpp mysql/mysql_server.cpp
               mysql/mysql_connection_test.cpp mysql/mysql_inspect_test.cpp
               mysql/mysql_compile_test.cpp)
target_include_directories(mysql_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(mysql_tests PRIVATE stepwise_mysql stepwise_frontend GTest::gtest)
add_test(NAME mysql_tests COMMAND mysql_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
