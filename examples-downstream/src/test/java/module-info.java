/**
 * A downstream project's tests, as a module: the conformance kit against the provider "nio", with an
 * area of rules of its own. Open, so that JUnit may call its tests by reflection.
 */
open module com.example.echokit {
    requires dev.sockets.conformance;
}
