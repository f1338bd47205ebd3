# Which run-lock holders a run may wait for: one on this host that has exited.
stepwise_test(lock_holder_tests unit/lock_holder_test.cpp)
target_link_libraries(lock_holder_tests PRIVATE stepwise_runtime)
