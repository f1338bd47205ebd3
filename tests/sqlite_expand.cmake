# Issue #9 on SQLite: old and new writers side by side during expand/contract, through the
# built `stepwise` binary.
find_package(Threads REQUIRED)
add_executable(sqlite_dual_write_tests acceptance/sqlite_dual_write_test.cpp)
target_include_directories(sqlite_dual_write_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(sqlite_dual_write_tests PRIVATE acceptance_support stepwise_sqlite
                      GTest::gtest GTest::gtest_main Threads::Threads)
add_dependencies(sqlite_dual_write_tests stepwise)
gtest_discover_tests(sqlite_dual_write_tests DISCOVERY_TIMEOUT 60
                     WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} PROPERTIES TIMEOUT 300)
