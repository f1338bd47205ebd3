# Issue #10: hostile input and secrets (tests/hostile/).

stepwise_test(hostile_unit_tests hostile/identifier_length_test.cpp)
target_link_libraries(hostile_unit_tests PRIVATE stepwise_frontend)

# The stepwise binary against real databases: quoting, secrets, clean failures.
# One throwaway PostgreSQL server (tests/postgres/pg_server.h) and one MariaDB server
# (tests/mysql/mysql_server.h) per binary, each started by the first test that needs it.
add_executable(hostile_cli_tests hostile/hostile_main.cpp hostile/target_db.cpp
               hostile/quoting_test.cpp hostile/secrets_test.cpp hostile/failures_test.cpp
               hostile/passwords_test.cpp hostile/mysql_failures_test.cpp
               mysql/mysql_server.cpp)
target_include_directories(hostile_cli_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(hostile_cli_tests PRIVATE STEPWISE_BINARY="$<TARGET_FILE:stepwise>")
target_link_libraries(hostile_cli_tests PRIVATE acceptance_support pg_test_support
                      stepwise_sqlite stepwise_postgres stepwise_mysql GTest::gtest)
add_dependencies(hostile_cli_tests stepwise)
gtest_discover_tests(hostile_cli_tests DISCOVERY_TIMEOUT 60
                     WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
