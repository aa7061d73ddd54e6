// Pure rules shared by the server, the SDK and the portal. No I/O here.
export {};
