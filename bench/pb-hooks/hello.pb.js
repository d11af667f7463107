// The bench route: the same file runs in Satchel's pb_hooks runtime and in PocketBase's JSVM.
routerAdd('GET', '/api/hello/{name}', (e) => {
  const name = e.request.pathValue('name');
  return e.json(200, { message: `Hello ${name}` });
});
