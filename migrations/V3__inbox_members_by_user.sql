-- Agents' visibility is "the inboxes I am a member of": look memberships up by user, not by inbox.
CREATE INDEX inbox_members_by_user ON inbox_members(user_id, inbox_id);
