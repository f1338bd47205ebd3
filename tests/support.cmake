# Helpers the expand/contract suites share: the plan from a live test database to a schema,
# and old and new writers running at once.
find_package(Threads REQUIRED)
add_library(migration_test_support STATIC support/migration_plan.cpp support/shape_writers.cpp)
target_include_directories(migration_test_support PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(migration_test_support PUBLIC stepwise_dialect_api stepwise_frontend
                      GTest::gtest Threads::Threads)
