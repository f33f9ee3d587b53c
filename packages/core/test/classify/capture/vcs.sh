# git: conflicts, empty commits, rejected pushes, missing refs, detached HEAD.

export GIT_AUTHOR_NAME=Dev GIT_AUTHOR_EMAIL=dev@example.com GIT_COMMITTER_NAME=Dev GIT_COMMITTER_EMAIL=dev@example.com
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

# repo DIR: a repository on branch main with one commit of notes.txt.
repo() {
  git -C "$1" init -q -b main && printf 'line one\n' > "$1/notes.txt" && git -C "$1" add notes.txt && git -C "$1" commit -q -m first
}

# diverged DIR: branches main and feature both change line one of notes.txt.
diverged() {
  repo "$1"
  git -C "$1" switch -q -c feature && printf 'feature line\n' > "$1/notes.txt" && git -C "$1" commit -q -am feature
  git -C "$1" switch -q main && printf 'main line\n' > "$1/notes.txt" && git -C "$1" commit -q -am main
}

d=$(project git-merge-conflict); diverged "$d"
cap git-merge-conflict vcs_conflict git/merge-conflict "$d" 'git merge feature'
d=$(project git-rebase-conflict); diverged "$d"
cap git-rebase-conflict vcs_conflict git/merge-conflict "$d" 'git switch -q feature && git rebase main'
d=$(project git-commit-unmerged); diverged "$d"; (cd "$d" && git merge feature >/dev/null 2>&1)
cap git-commit-unmerged vcs_conflict git/merge-conflict "$d" 'git commit -m "try to commit"'

d=$(project git-nothing-to-commit); repo "$d"
cap git-nothing-to-commit vcs_nothing_to_commit git/nothing-to-commit "$d" 'git commit -m "task: done"'
d=$(project git-nothing-added); repo "$d"; touch "$d/untracked.txt"
cap git-nothing-added vcs_nothing_to_commit git/nothing-to-commit "$d" 'git commit -m "task: done"'
d=$(project git-no-changes-added); repo "$d"; echo changed >> "$d/notes.txt"
cap git-no-changes-added vcs_nothing_to_commit git/nothing-to-commit "$d" 'git commit -m "task: done"'

d=$(project git-push-rejected)
git init -q --bare -b main "$d/remote.git" && git clone -q "$d/remote.git" "$d/a" 2>/dev/null && repo "$d/a" 2>/dev/null
(cd "$d/a" && git push -q origin main 2>/dev/null) && git clone -q "$d/remote.git" "$d/b" 2>/dev/null
(cd "$d/a" && echo a >> notes.txt && git commit -q -am a && git push -q origin main 2>/dev/null)
(cd "$d/b" && echo b >> notes.txt && git commit -q -am b)
cap git-push-rejected vcs_push_rejected git/push-rejected "$d/b" 'git push origin main'
d=$(project git-push-hook)
mkdir -p "$d/work" && git init -q --bare -b main "$d/remote.git" && printf '#!/bin/sh\necho "protected branch: pushes to main need a review" >&2\nexit 1\n' > "$d/remote.git/hooks/pre-receive"
chmod +x "$d/remote.git/hooks/pre-receive"; repo "$d/work"; git -C "$d/work" remote add origin "$d/remote.git"
cap git-push-hook vcs_push_rejected git/push-rejected "$d/work" 'git push origin main'

d=$(project git-detached-push); repo "$d"; git -C "$d" checkout -q --detach
git init -q --bare "$d/remote.git"; git -C "$d" remote add origin "$d/remote.git"
cap git-detached-push vcs_detached_head git/detached-head "$d" 'git push'
d=$(project git-detached-upstream); repo "$d"; git -C "$d" checkout -q --detach
cap git-detached-upstream vcs_detached_head git/detached-head "$d" 'git branch --set-upstream-to=origin/main'

d=$(project git-checkout-missing); repo "$d"
cap git-checkout-missing vcs_ref_not_found git/ref-not-found "$d" 'git checkout task/fix-login'
d=$(project git-push-missing-ref); repo "$d"; git init -q --bare "$d/remote.git"; git -C "$d" remote add origin "$d/remote.git"
cap git-push-missing-ref vcs_ref_not_found git/ref-not-found "$d" 'git push origin task/fix-login'
d=$(project git-rebase-missing); repo "$d"
cap git-rebase-missing vcs_ref_not_found git/ref-not-found "$d" 'git rebase origin/develop'
d=$(project git-fetch-missing); repo "$d"; git init -q --bare "$d/remote.git"; git -C "$d" remote add origin "$d/remote.git"
cap git-fetch-missing vcs_ref_not_found git/ref-not-found "$d" 'git fetch origin release-2.0'
