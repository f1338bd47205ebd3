# Enum label lengths checked per dialect (compiler/frontend/check_identifiers.cpp).
stepwise_test(enum_label_tests unit/enum_label_limit_test.cpp)
target_link_libraries(enum_label_tests PRIVATE stepwise_frontend)
