# PostgreSQL: tests against a throwaway PostgreSQL 15 server each binary starts and stops.
add_library(pg_test_support STATIC postgres/pg_server.cpp)
target_include_directories(pg_test_support PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(pg_test_support PUBLIC GTest::gtest)

add_executable(postgres_tests postgres/pg_test_main.cpp postgres/pg_expr_test.cpp
               postgres/pg_connection_test.cpp postgres/pg_inspect_test.cpp
               postgres/pg_lock_test.cpp postgres/pg_invalid_index_test.cpp
               postgres/pg_fill_trigger_test.cpp)
target_include_directories(postgres_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(postgres_tests PRIVATE pg_test_support migration_test_support
                      stepwise_postgres stepwise_frontend stepwise_runtime GTest::gtest)
# One ctest test per binary, so each run starts one server rather than one per test.
add_test(NAME postgres_tests COMMAND postgres_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})

# Data-driven cases: tests/cases/postgres/<case>/.
add_executable(postgres_acceptance postgres/pg_cases_test.cpp)
target_include_directories(postgres_acceptance PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(postgres_acceptance PRIVATE STEPWISE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(postgres_acceptance PRIVATE pg_test_support acceptance_support
                      stepwise_frontend stepwise_postgres GTest::gtest nlohmann_json::nlohmann_json)
add_dependencies(postgres_acceptance stepwise)
add_test(NAME postgres_acceptance COMMAND postgres_acceptance
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
