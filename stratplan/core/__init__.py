"""The Qt-free core: store, operation log, services, voting, sync and export."""
