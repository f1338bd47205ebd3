# The runtime that survives production (issue #5): kill -9 resume proof, run lock, purge,
# saved-plan drift, batch options; all through the built `stepwise` binary.

# The kill -9 loop, shared with the PostgreSQL and MariaDB proofs (resume_servers.cmake).
add_library(resume_kill_loop STATIC acceptance/resume_kill_loop.cpp)
target_include_directories(resume_kill_loop PUBLIC ${PROJECT_SOURCE_DIR})
target_compile_definitions(resume_kill_loop PRIVATE STEPWISE_BINARY="$<TARGET_FILE:stepwise>")
target_link_libraries(resume_kill_loop PUBLIC acceptance_support stepwise_dialect_api GTest::gtest
                      fmt::fmt nlohmann_json::nlohmann_json)
add_dependencies(resume_kill_loop stepwise)

add_executable(resume_tests acceptance/resume_test.cpp)
target_include_directories(resume_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(resume_tests PRIVATE STEPWISE_BINARY="$<TARGET_FILE:stepwise>")
target_link_libraries(resume_tests PRIVATE resume_kill_loop acceptance_support stepwise_sqlite
                      GTest::gtest GTest::gtest_main fmt::fmt)
add_dependencies(resume_tests stepwise)
gtest_discover_tests(resume_tests DISCOVERY_TIMEOUT 60 WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                     PROPERTIES TIMEOUT 600)

add_executable(runtime_cli_tests acceptance/runtime_cli_test.cpp)
target_include_directories(runtime_cli_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(runtime_cli_tests PRIVATE STEPWISE_BINARY="$<TARGET_FILE:stepwise>")
target_link_libraries(runtime_cli_tests PRIVATE acceptance_support stepwise_sqlite nlohmann_json::nlohmann_json GTest::gtest
                      GTest::gtest_main)
add_dependencies(runtime_cli_tests stepwise)
gtest_discover_tests(runtime_cli_tests DISCOVERY_TIMEOUT 60 WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
