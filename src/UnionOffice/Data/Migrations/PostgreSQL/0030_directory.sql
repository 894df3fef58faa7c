-- expand
-- 0030 (issue 22 §12): the directory (danh bạ) shows each person's phone and e-mail as they chose — to the people of
-- their organs (0, the default), to everyone (1), to nobody (2). A column with a default: the previous version neither
-- reads nor writes it, and its inserts get the default.

ALTER TABLE "AspNetUsers" ADD "DirectoryContact" integer NOT NULL DEFAULT 0;
