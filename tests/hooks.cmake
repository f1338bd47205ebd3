# Dialect hooks the runtime calls instead of asking a dialect's name or reading SQL text back:
# the statement guard marker (plan JSON, the PostgreSQL compiler, the runtime), the purge hook,
# and the MySQL 8 foreign-key statements. Unit binary (no server) plus one per server.

stepwise_test(hooks_tests hooks/plan_guard_json_test.cpp hooks/pg_guard_marker_test.cpp
              hooks/runtime_hooks_test.cpp)
target_link_libraries(hooks_tests PRIVATE stepwise_plan stepwise_postgres stepwise_frontend
                      stepwise_runtime stepwise_sqlite nlohmann_json::nlohmann_json)

add_executable(hooks_pg_tests postgres/pg_test_main.cpp hooks/pg_guard_server_test.cpp)
target_include_directories(hooks_pg_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(hooks_pg_tests PRIVATE pg_test_support stepwise_postgres stepwise_runtime
                      GTest::gtest)
add_test(NAME hooks_pg_tests COMMAND hooks_pg_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})

add_executable(hooks_mysql_tests mysql/mysql_test_main.cpp mysql/mysql_server.cpp
               hooks/mysql_hooks_test.cpp)
target_include_directories(hooks_mysql_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(hooks_mysql_tests PRIVATE stepwise_mysql stepwise_frontend GTest::gtest)
add_test(NAME hooks_mysql_tests COMMAND hooks_mysql_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
