# The edit generator of the property suite draws the shapes its Profile asks for (issue #6).
stepwise_test(property_edit_gen_tests property/edit_gen_test.cpp)
target_link_libraries(property_edit_gen_tests PRIVATE property_support)
