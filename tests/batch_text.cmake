# The batch policy as hazards and plan text describe it, per dialect (offline compiles).
stepwise_test(batch_text_tests unit/batch_text_test.cpp)
target_link_libraries(batch_text_tests PRIVATE stepwise_postgres stepwise_sqlite stepwise_mysql
                      stepwise_frontend)
