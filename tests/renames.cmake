# Indexes and constraints that follow a table rename (issues #9 and #6).
stepwise_test(table_rename_names_tests unit/table_rename_names_test.cpp)
target_link_libraries(table_rename_names_tests PRIVATE stepwise_diff stepwise_frontend
                      schema_grammar)
