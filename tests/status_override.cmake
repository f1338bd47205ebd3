# `stepwise status` and the batch policy an `apply --batch-*` run recorded for its backfills.
add_executable(status_override_tests acceptance/status_override_test.cpp)
target_include_directories(status_override_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(status_override_tests PRIVATE acceptance_support stepwise_sqlite
                      nlohmann_json::nlohmann_json GTest::gtest GTest::gtest_main)
add_dependencies(status_override_tests stepwise)
gtest_discover_tests(status_override_tests DISCOVERY_TIMEOUT 60 WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})

# The same record on PostgreSQL, where a state table from an older version is upgraded inside
# apply's setup transaction; against a throwaway PostgreSQL 15 server.
add_executable(pg_state_upgrade_tests postgres/pg_test_main.cpp postgres/pg_state_upgrade_test.cpp)
target_include_directories(pg_state_upgrade_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(pg_state_upgrade_tests PRIVATE resume_kill_loop acceptance_support pg_test_support
                      stepwise_postgres nlohmann_json::nlohmann_json GTest::gtest)
add_dependencies(pg_state_upgrade_tests stepwise)
add_test(NAME pg_state_upgrade_tests COMMAND pg_state_upgrade_tests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
