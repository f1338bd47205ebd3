# `stepwise status` and the batch policy of the applied plan's backfills.
add_executable(status_batch_tests acceptance/status_batch_test.cpp)
target_include_directories(status_batch_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(status_batch_tests PRIVATE acceptance_support nlohmann_json::nlohmann_json
                      GTest::gtest GTest::gtest_main)
add_dependencies(status_batch_tests stepwise)
gtest_discover_tests(status_batch_tests DISCOVERY_TIMEOUT 60 WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
