# PostgreSQL expression normalisation (scratch schema) and NOT VALID constraints, against a
# throwaway server of their own.
add_executable(pg_normalise_tests postgres/pg_test_main.cpp postgres/pg_scratch_test.cpp
               postgres/pg_not_valid_test.cpp)
target_include_directories(pg_normalise_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(pg_normalise_tests PRIVATE pg_test_support stepwise_postgres
                      stepwise_frontend stepwise_runtime acceptance_support GTest::gtest
                      nlohmann_json::nlohmann_json)
add_dependencies(pg_normalise_tests stepwise)
add_test(NAME pg_normalise_tests COMMAND pg_normalise_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
