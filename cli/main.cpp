#include <iostream>

int main(int argc, char** argv) {
    std::cout << "stepwise " << STEPWISE_VERSION << "\n";
    return 0;
}
