// Files on S3 (MinIO in compose.yaml), so that any node serves any file.
migrate((app) => {
  const settings = app.settings();
  settings.s3.enabled = true;
  settings.s3.bucket = 'satchel';
  settings.s3.region = 'us-east-1';
  settings.s3.endpoint = 'http://minio:9000';
  settings.s3.accessKey = 'satchel';
  settings.s3.secret = 'satchel-secret';
  settings.s3.forcePathStyle = true;
  app.save(settings);
});
