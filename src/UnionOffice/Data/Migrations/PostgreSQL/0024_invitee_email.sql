-- Issue 19: a guest outside the system may give an e-mail address; the Giấy mời issued through the outgoing flow goes there.

ALTER TABLE "Invitees" ADD "ExternalEmail" character varying(200);
