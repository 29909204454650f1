-- The databases of the sample shop's stack (as strangler.yaml's postgres.databases) and the proxy's route state.
CREATE DATABASE shop;
CREATE DATABASE customers;
CREATE DATABASE orders;
CREATE DATABASE strangler;
