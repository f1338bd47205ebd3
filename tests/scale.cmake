# Scale (issue #7, item 3): name lookups and the choice of what the server normalises. The
# timings themselves are in bench/ (bench/run), never asserted here.
add_executable(scale_tests scale/catalog_lookup_test.cpp scale/respell_candidates_test.cpp)
target_include_directories(scale_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(scale_tests PRIVATE stepwise_diff stepwise_model GTest::gtest_main)
target_compile_options(scale_tests PRIVATE ${STEPWISE_WARNINGS})
add_test(NAME scale_tests COMMAND scale_tests)

# The same against a throwaway PostgreSQL: what `plan` sends to the scratch schema.
add_executable(scale_pg_tests postgres/pg_test_main.cpp scale/plan_scratch_pg_test.cpp)
target_include_directories(scale_pg_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(scale_pg_tests PRIVATE pg_test_support stepwise_postgres stepwise_frontend
                      stepwise_cli GTest::gtest)
add_test(NAME scale_pg_tests COMMAND scale_pg_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})

# The hand-written DSL lexer against the generated one, token for token.
add_executable(dsl_lexer_tests scale/dsl_lexer_test.cpp)
target_include_directories(dsl_lexer_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(dsl_lexer_tests PRIVATE stepwise_frontend schema_grammar GTest::gtest_main
                      rapidcheck)
add_test(NAME dsl_lexer_tests COMMAND dsl_lexer_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
