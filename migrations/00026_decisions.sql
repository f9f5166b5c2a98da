-- +goose Up

-- Messages can be answered (Reply-To) and can wait for a sensible hour
-- in the recipient's zone before they go (send_at; NULL: at once).
ALTER TABLE outgoing_mail
    ADD COLUMN reply_to text NOT NULL DEFAULT '' CHECK (char_length(reply_to) <= 320),
    ADD COLUMN send_at timestamptz;

-- The messages recruiters send with a decision, edited on the admin
-- pages. {name}, {role}, {team}, {note} and {feedback} are filled
-- in for each student.
CREATE TABLE decision_templates (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 80),
    subject    text NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 200),
    body       text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
    position   integer NOT NULL DEFAULT 0,
    updated_by text NOT NULL DEFAULT 'migration',
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO decision_templates (name, subject, body, position) VALUES
('After applying', 'Your application for {role}',
'Dear {name},

Thank you for applying to {role} on the {team} team, and for the care you put into your application.

We have read it closely, and we will not be moving forward with it this time. This is about the number of strong applications for few places, not about your worth.
{note}
Many of our interns applied more than once. We would be glad to see you apply to other roles, now or in a future season.

If you have a question, reply to this message: a person on the recruiting team reads every answer.', 1),
('After interviews', 'Your interviews for {role}',
'Dear {name},

Thank you for the time you gave us in your interviews for {role} on the {team} team. The interviewers enjoyed meeting you.

After talking it through as a team, we have decided not to make you an offer this time. We know this is hard news after the work you put in.
{note}{feedback}
We would be glad to see you apply again in a future season.

If you have a question, reply to this message: a person on the recruiting team reads every answer.', 2);

-- +goose Down
DROP TABLE decision_templates;
ALTER TABLE outgoing_mail DROP COLUMN send_at, DROP COLUMN reply_to;
