# The differ's quoting of renamed names inside expressions, with each dialect's driver (no
# servers: the drivers only).
stepwise_test(diff_quoting_tests unit/diff_quoting_test.cpp)
target_link_libraries(diff_quoting_tests PRIVATE stepwise_diff stepwise_mysql stepwise_postgres
                      stepwise_sqlite)
