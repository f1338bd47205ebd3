# Issue #5 item 3 on the servers: the kill -9 resume loop (resume_kill_loop) against a
# throwaway PostgreSQL and a throwaway MariaDB, and the MariaDB run lock, through the binary.
# One ctest test per binary, so each run starts one server. The timeout leaves room for the kill
# loop's longest budget (resume_kill_loop.h) on a loaded machine, plus server start-up.

add_executable(resume_pg_tests acceptance/resume_pg_test.cpp)
target_include_directories(resume_pg_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(resume_pg_tests PRIVATE resume_kill_loop pg_test_support stepwise_postgres
                      GTest::gtest fmt::fmt)
add_dependencies(resume_pg_tests stepwise)
add_test(NAME resume_pg_tests COMMAND resume_pg_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(resume_pg_tests PROPERTIES TIMEOUT 600)

add_executable(resume_mysql_tests acceptance/resume_mysql_test.cpp mysql/mysql_server.cpp)
target_include_directories(resume_mysql_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(resume_mysql_tests PRIVATE STEPWISE_BINARY="$<TARGET_FILE:stepwise>")
target_link_libraries(resume_mysql_tests PRIVATE resume_kill_loop stepwise_mysql GTest::gtest
                      fmt::fmt)
add_dependencies(resume_mysql_tests stepwise)
add_test(NAME resume_mysql_tests COMMAND resume_mysql_tests WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(resume_mysql_tests PROPERTIES TIMEOUT 600)
