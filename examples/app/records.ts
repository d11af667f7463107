// The collections this example types its hooks with: in a real app, the file `satchel typegen
// --out=records.ts` writes (its `CollectionRecords`); written by hand here to stay self-contained.
export interface NotesRecord {
  id: string;
  title: string;
  created: string;
  updated: string;
}

export interface AppRecords {
  notes: NotesRecord;
}
