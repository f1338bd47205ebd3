# SQLite: a table created in a plan whose parent's table and referenced key are both renamed,
# written to between the expand and the contract, through the binary.
add_executable(sqlite_renamed_parent_tests acceptance/sqlite_renamed_parent_test.cpp)
target_include_directories(sqlite_renamed_parent_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(sqlite_renamed_parent_tests PRIVATE resume_kill_loop acceptance_support stepwise_sqlite
                      GTest::gtest GTest::gtest_main)
add_dependencies(sqlite_renamed_parent_tests stepwise)
gtest_discover_tests(sqlite_renamed_parent_tests DISCOVERY_TIMEOUT 60
                     WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
