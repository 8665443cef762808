{
  "targets": [
    {
      "target_name": "lease",
      "sources": ["native/lease.c"]
    }
  ]
}
