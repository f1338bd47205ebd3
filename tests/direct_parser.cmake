# The direct (hand-written) DSL parser against the ANTLR parser, the reference.
add_executable(direct_parser_tests scale/direct_parser_test.cpp)
target_include_directories(direct_parser_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(direct_parser_tests PRIVATE stepwise_frontend schema_grammar
                      GTest::gtest_main rapidcheck)
add_test(NAME direct_parser_tests COMMAND direct_parser_tests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
