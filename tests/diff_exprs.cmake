# How the differ maps renamed names into expression text and compares expressions, per
# dialect: with each dialect's driver alone, and on a throwaway MariaDB server.
stepwise_test(diff_names_tests unit/diff_names_test.cpp)
target_link_libraries(diff_names_tests PRIVATE stepwise_diff stepwise_mysql stepwise_postgres
                      stepwise_sqlite)
