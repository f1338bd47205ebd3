# `stepwise rollback` refuses to start on a plan older than the newest unless it is named.
add_executable(rollback_guard_tests acceptance/rollback_guard_test.cpp)
target_include_directories(rollback_guard_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(rollback_guard_tests PRIVATE acceptance_support stepwise_sqlite GTest::gtest
                      GTest::gtest_main)
add_dependencies(rollback_guard_tests stepwise)
gtest_discover_tests(rollback_guard_tests DISCOVERY_TIMEOUT 60
                     WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
