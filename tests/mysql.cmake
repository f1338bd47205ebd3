# MySQL / MariaDB: acceptance cases against a throwaway MariaDB server the binary starts.
add_executable(mysql_acceptance mysql/mysql_cases_test.cpp mysql/mysql_server.cpp)
target_include_directories(mysql_acceptance PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(mysql_acceptance PRIVATE STEPWISE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(mysql_acceptance PRIVATE acceptance_support stepwise_frontend
                      stepwise_mysql GTest::gtest nlohmann_json::nlohmann_json)
add_dependencies(mysql_acceptance stepwise)
# One server for the whole binary: run it as one test rather than one process per case.
add_test(NAME mysql_acceptance COMMAND mysql_acceptance WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
