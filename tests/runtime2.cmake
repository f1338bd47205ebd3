# The runtime that survives production (issue #5): kill -9 resume proof, run lock, purge,
# saved-plan drift, batch options; all through the built `stepwise` binary.

add_executable(resume_tests acceptance/resume_test.cpp)
target_include_directories(resume_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(resume_tests PRIVATE STEPWISE_BINARY="$<TARGET_FILE:stepwise>")
target_link_libraries(resume_tests PRIVATE acceptance_support stepwise_sqlite GTest::gtest
                      GTest::gtest_main fmt::fmt)
add_dependencies(resume_tests stepwise)
gtest_discover_tests(resume_tests DISCOVERY_TIMEOUT 60 WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
                     PROPERTIES TIMEOUT 180)

add_executable(runtime_cli_tests acceptance/runtime_cli_test.cpp)
target_include_directories(runtime_cli_tests PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_definitions(runtime_cli_tests PRIVATE STEPWISE_BINARY="$<TARGET_FILE:stepwise>")
target_link_libraries(runtime_cli_tests PRIVATE acceptance_support stepwise_sqlite GTest::gtest
                      GTest::gtest_main)
add_dependencies(runtime_cli_tests stepwise)
gtest_discover_tests(runtime_cli_tests DISCOVERY_TIMEOUT 60 WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
