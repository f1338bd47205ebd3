# validate and fmt bind names with the dialect plan would use (--dialect, --env, --url, config).
add_executable(offline_dialect_tests acceptance/offline_dialect_test.cpp)
target_include_directories(offline_dialect_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(offline_dialect_tests PRIVATE acceptance_support GTest::gtest
                      GTest::gtest_main)
add_dependencies(offline_dialect_tests stepwise)
gtest_discover_tests(offline_dialect_tests DISCOVERY_TIMEOUT 60 WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
