// ProtoBridge module
