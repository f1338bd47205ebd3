# The properties of issue #6 on throwaway servers: the same rollback_property_test.cpp, with
# a backends_*.cpp that starts one server for the binary and gives each case a scratch
# database on it. One ctest test per binary, so each run starts one server. 20 cases per
# property by default; STEPWISE_PROPERTY_CASES=N runs N.
#
# Under ctest (and so in CI) each suite runs a random RapidCheck seed, printed with any
# failure's `reproduce=` string (docs/verify.md, "Seeds under ctest").
add_executable(property_postgres_tests property/rollback_property_test.cpp
               property/backends_postgres.cpp property/postgres_backend.cpp)
target_include_directories(property_postgres_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(property_postgres_tests PRIVATE property_support pg_test_support
                      stepwise_postgres GTest::gtest rapidcheck)
add_test(NAME property_postgres_tests COMMAND property_postgres_tests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(property_postgres_tests PROPERTIES TIMEOUT 900)

add_executable(property_mysql_tests property/rollback_property_test.cpp
               property/backends_mysql.cpp property/mysql_backend.cpp mysql/mysql_server.cpp)
target_include_directories(property_mysql_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(property_mysql_tests PRIVATE property_support stepwise_mysql GTest::gtest
                      rapidcheck)
add_test(NAME property_mysql_tests COMMAND property_mysql_tests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(property_mysql_tests PROPERTIES TIMEOUT 900)

# `stepwise verify` through the built binary against each throwaway server.
add_executable(verify_postgres_tests property/verify_postgres_test.cpp)
target_include_directories(verify_postgres_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(verify_postgres_tests PRIVATE acceptance_support pg_test_support
                      stepwise_postgres GTest::gtest)
target_compile_definitions(verify_postgres_tests PRIVATE STEPWISE_BINARY="$<TARGET_FILE:stepwise>")
add_dependencies(verify_postgres_tests stepwise)
add_test(NAME verify_postgres_tests COMMAND verify_postgres_tests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})

add_executable(verify_mysql_tests property/verify_mysql_test.cpp mysql/mysql_server.cpp)
target_include_directories(verify_mysql_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(verify_mysql_tests PRIVATE acceptance_support stepwise_mysql GTest::gtest)
add_dependencies(verify_mysql_tests stepwise)
add_test(NAME verify_mysql_tests COMMAND verify_mysql_tests
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
