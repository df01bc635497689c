-- Records that never change once written: triggers for everyone, and the privileges to change them
-- revoked from the application's role (and PUBLIC).
CREATE FUNCTION gemba_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER audit_trail_no_update BEFORE UPDATE ON audit_trail FOR EACH ROW
  EXECUTE FUNCTION gemba_refuse_change('the audit trail is append-only: entries cannot be changed');
CREATE TRIGGER audit_trail_no_delete BEFORE DELETE ON audit_trail FOR EACH ROW
  EXECUTE FUNCTION gemba_refuse_change('the audit trail is append-only: entries cannot be deleted');
CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON audit_trail FOR EACH STATEMENT
  EXECUTE FUNCTION gemba_refuse_change('the audit trail is append-only: it cannot be truncated');
CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW
  EXECUTE FUNCTION gemba_refuse_change('audit checkpoints cannot be changed or deleted');
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT
  EXECUTE FUNCTION gemba_refuse_change('audit checkpoints cannot be truncated');
CREATE TRIGGER signatures_no_change BEFORE UPDATE OR DELETE ON signatures FOR EACH ROW
  EXECUTE FUNCTION gemba_refuse_change('electronic signatures cannot be changed or deleted');
CREATE TRIGGER signatures_no_truncate BEFORE TRUNCATE ON signatures FOR EACH STATEMENT
  EXECUTE FUNCTION gemba_refuse_change('electronic signatures cannot be truncated');
CREATE TRIGGER users_no_delete BEFORE DELETE ON users FOR EACH ROW
  EXECUTE FUNCTION gemba_refuse_change('users are never deleted (their names are never reused); disable them');

REVOKE UPDATE, DELETE, TRUNCATE ON audit_trail, audit_checkpoints, signatures FROM PUBLIC;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_trail, audit_checkpoints, signatures FROM CURRENT_USER;
REVOKE DELETE, TRUNCATE ON users FROM CURRENT_USER;
