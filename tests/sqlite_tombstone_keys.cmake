# SQLite: a tombstone's foreign keys hidden in its stored text and brought back (issue #6).
stepwise_test(sqlite_tombstone_keys_tests unit/sqlite_tombstone_keys_test.cpp)
target_link_libraries(sqlite_tombstone_keys_tests PRIVATE stepwise_sqlite)
