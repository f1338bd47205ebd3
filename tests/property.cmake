# Property suite (issue #6): generated catalogs, edits and rows on real databases.
# STEPWISE_PROPERTY_CASES=N runs N cases per property (default 50 on SQLite). The same
# properties on PostgreSQL and MariaDB are in property_servers.cmake.
add_library(property_support STATIC property/sqlite_backend.cpp property/values.cpp
            property/catalog_gen.cpp property/edit_gen.cpp property/harness.cpp)
target_include_directories(property_support PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(property_support PUBLIC stepwise_frontend stepwise_diff stepwise_sqlite stepwise_runtime
                      rapidcheck fmt::fmt)

stepwise_test(property_tests property/rollback_property_test.cpp property/backends_sqlite.cpp)
target_link_libraries(property_tests PRIVATE property_support)

# `stepwise verify` acceptance: the built binary on real SQLite files.
add_executable(verify_tests property/verify_test.cpp)
target_include_directories(verify_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(verify_tests PRIVATE acceptance_support stepwise_sqlite GTest::gtest
                      GTest::gtest_main)
add_dependencies(verify_tests stepwise)
gtest_discover_tests(verify_tests DISCOVERY_TIMEOUT 60 WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
